import type { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { StatisticsResponse } from '@ecabinet/shared/contracts';
import { TranslationService } from '@ecabinet/web/shared/i18n';
import { setUpPage } from '../page-test-bed';
import { StatisticsPageComponent } from './statistics-page.component';

const figures: StatisticsResponse = {
  period: { from: '2026-01-01', to: '2026-12-31' },
  sessions: { held: 12, itemsHandled: 57, adoptedWithoutDebate: 9, plannedMinutes: 480, spentMinutes: 432.5, savedMinutes: 95 },
  ballots: { issued: 8, closed: 7, asked: 200, answered: 190, responseRate: 0.95, members: [{ user: { id: 'u-1', fullName: 'Lê Quang Huy' }, asked: 8, answered: 7, responseRate: 0.875, medianHours: 20.5 }] },
  papers: { documents: 40, pages: 1200, pagesDistributed: 30000, costPerPage: 1000, savedVnd: 30_000_000 },
  tasks: {
    assigned: 10,
    due: 4,
    doneOnTime: 1,
    doneLate: 1,
    overdue: 2,
    notYetDue: 1,
    overdueRate: 0.5,
    lateRate: 0.75,
    byOrganisation: [{ organisation: { id: 'o-btc', name: 'Bộ Tài chính', symbol: 'BTC' }, assigned: 3, due: 3, doneOnTime: 1, doneLate: 1, overdue: 1, notYetDue: 0, overdueRate: 0.3333, lateRate: 0.6667 }],
  },
};

describe('StatisticsPageComponent', () => {
  let backend: HttpTestingController;
  afterEach(() => backend.verify());

  it("asks for this year on the Government's calendar, and every figure opens the list behind it", async () => {
    backend = await setUpPage(['secretary']);
    const year = TestBed.inject(TranslationService).governmentDate().slice(0, 4);
    const fixture = TestBed.createComponent(StatisticsPageComponent);
    await fixture.whenStable();
    const request = backend.expectOne((r) => r.url === '/api/statistics');
    expect([request.request.params.get('from'), request.request.params.get('to')]).toEqual([`${year}-01-01`, `${year}-12-31`]);
    request.flush(figures);
    await fixture.whenStable();
    const view = fixture.nativeElement as HTMLElement;
    const overdue = view.querySelector('[data-testid="stat-overdue"]') as HTMLAnchorElement;
    expect(overdue.textContent).toContain('50%');
    expect(overdue.textContent).toContain('2 quá hạn trên 4 nhiệm vụ đến hạn');
    expect(overdue.getAttribute('href')).toBe(`/tasks?dueFrom=${year}-01-01&dueTo=${year}-12-31&filter=overdue`);
    expect(view.querySelector('[data-testid="stat-papers"]')?.textContent).toContain('30.000');
    const time = view.querySelector('[data-testid="stat-time"]') as HTMLAnchorElement;
    expect(time.textContent).toContain('90,1%');
    expect(time.textContent).toContain('432,5/480 phút; tiết kiệm 95 phút nhờ thông qua không cần thảo luận');
    const row = view.querySelector('[data-organisation="BTC"]') as HTMLElement;
    expect(row.querySelector('a')?.getAttribute('href')).toBe(`/tasks?dueFrom=${year}-01-01&dueTo=${year}-12-31&filter=all&organisationId=o-btc`);
    expect(row.textContent).toContain('33,33%');
    expect(view.querySelector('[data-testid="stat-members"]')?.textContent).toContain('20,5 giờ');
  });

  it('asks nothing for a period that ends before it starts, and says why', async () => {
    backend = await setUpPage(['chair']);
    const fixture = TestBed.createComponent(StatisticsPageComponent);
    await fixture.whenStable();
    backend.expectOne((r) => r.url === '/api/statistics').flush(figures);
    const to = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="stats-to"]') as HTMLInputElement;
    to.value = '2000-01-01';
    to.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    backend.expectNone((r) => r.url === '/api/statistics');
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('Ngày kết thúc phải từ ngày bắt đầu trở đi.');
  });
});
