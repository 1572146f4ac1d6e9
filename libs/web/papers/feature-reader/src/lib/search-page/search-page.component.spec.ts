import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter, Router } from '@angular/router';
import type { Role, SearchHit, SearchResponse } from '@ecabinet/shared/contracts';
import { authInterceptor } from '@ecabinet/web/identity/data-access';
import { signInForTest } from '@ecabinet/web/meetings/data-access/testing';
import { OfflinePapers } from '@ecabinet/web/papers/data-access';
import { excerptParts, SearchPageComponent } from './search-page.component';

function hit(overrides: Partial<SearchHit>): SearchHit {
  return { kind: 'paper', title: 'Tờ trình', context: 'Phiên họp tháng 12', excerpt: '', marks: [], page: null, meetingId: null, itemId: null, paperId: null, ballotId: null, score: 1, ...overrides };
}

const response: SearchResponse = {
  query: 'giai ngan',
  pendingPapers: 1,
  hits: [
    hit({ kind: 'paper', title: 'Báo cáo kinh tế', excerpt: '…tiến độ giải ngân vốn <b>đầu tư</b>…', marks: [[9, 13], [14, 18]], page: 3, meetingId: 'm-1', paperId: 'p-1' }),
    hit({ kind: 'ballot', title: 'Lấy ý kiến về giải ngân', excerpt: 'Lấy ý kiến về giải ngân', marks: [[14, 18], [19, 23]], ballotId: 'b-1', context: '' }),
    hit({ kind: 'note', title: 'Báo cáo kinh tế', excerpt: 'Hỏi về giải ngân', marks: [[7, 11], [12, 16]], page: 2, meetingId: 'm-1', paperId: 'p-1' }),
  ],
};

describe('SearchPageComponent', () => {
  let backend: HttpTestingController;
  afterEach(() => backend?.verify());

  async function open(roles: Role[], q?: string) {
    localStorage.clear();
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    backend = TestBed.inject(HttpTestingController);
    await signInForTest({ id: 'u-1', fullName: 'Người dùng', roles });
    const fixture = TestBed.createComponent(SearchPageComponent);
    if (q !== undefined) fixture.componentRef.setInput('q', q);
    await fixture.whenStable();
    return { fixture, view: fixture.nativeElement as HTMLElement };
  }

  it('cuts an excerpt at its marks and ignores marks out of place', () => {
    expect(excerptParts('giải ngân vốn', [[5, 9], [0, 4], [2, 3], [8, 40]])).toEqual([
      { text: 'giải', marked: true },
      { text: ' ', marked: false },
      { text: 'ngân', marked: true },
      { text: ' vốn', marked: false },
    ]);
  });

  it('shows hits ranked with the words marked (as text, never as markup), opening a paper at its page with the words', async () => {
    const { fixture, view } = await open(['member'], 'giai ngan');
    const request = backend.expectOne((r) => r.url === '/api/search');
    expect(request.request.params.get('q')).toBe('giai ngan');
    request.flush(response);
    await fixture.whenStable();
    expect(view.querySelector('[data-testid="search-summary"]')?.textContent).toContain('3 kết quả cho «giai ngan»');
    expect(view.textContent).toContain('1 tài liệu đang được xử lý');
    const hits = [...view.querySelectorAll('li.ec-search__hit')];
    expect(hits.map((li) => li.getAttribute('data-kind'))).toEqual(['paper', 'ballot', 'note']);
    expect([...hits[0].querySelectorAll('mark')].map((mark) => mark.textContent)).toEqual(['giải', 'ngân']);
    expect(hits[0].querySelector('b')).toBeNull();
    expect(hits[0].textContent).toContain('<b>đầu tư</b>');
    expect(hits[0].querySelector('a')?.getAttribute('href')).toBe('/meetings/m-1/papers/p-1?page=3&q=giai%20ngan');
    expect(hits[0].textContent).toContain('trang 3');
    expect(hits[1].querySelector('a')?.getAttribute('href')).toBe('/ballots/b-1');
    expect(hits[2].querySelector('a')?.getAttribute('href')).toBe('/meetings/m-1/papers/p-1?page=2');
  });

  it('sends the secretariat to the ballot desk, and says plainly when nothing is found', async () => {
    const { fixture, view } = await open(['secretary'], 'giai ngan');
    backend.expectOne((r) => r.url === '/api/search').flush({ ...response, hits: [response.hits[1]], pendingPapers: 0 });
    await fixture.whenStable();
    expect(view.querySelector('li a')?.getAttribute('href')).toBe('/ballot-desk/b-1');
    fixture.componentRef.setInput('q', 'khong co');
    await fixture.whenStable();
    backend.expectOne((r) => r.url === '/api/search').flush({ query: 'khong co', hits: [], pendingPapers: 0 });
    await fixture.whenStable();
    expect(view.textContent).toContain('Không tìm thấy kết quả nào cho «khong co»');
  });

  it('asks for two letters before searching, puts the words in the address, and shows an API error', async () => {
    const { fixture, view } = await open(['member']);
    expect(view.textContent).toContain('Tìm trong mọi thứ bạn được xem');
    const input = view.querySelector('[data-testid="search-input"]') as HTMLInputElement;
    input.value = ' a ';
    input.dispatchEvent(new Event('input'));
    (view.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    expect(view.querySelector('[role="alert"]')?.textContent).toContain('ít nhất hai chữ cái');
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    input.value = 'Giải ngân';
    input.dispatchEvent(new Event('input'));
    (view.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    expect(navigate).toHaveBeenCalledWith(['/search'], { queryParams: { q: 'Giải ngân' } });
    fixture.componentRef.setInput('q', 'Giải ngân');
    await fixture.whenStable();
    backend.expectOne((r) => r.url === '/api/search').flush({ code: 'INTERNAL', message: 'x' }, { status: 503, statusText: 'Unavailable' });
    await fixture.whenStable();
    expect(view.querySelector('.ec-notice--error')).not.toBeNull();
  });

  it('without the network, searches the papers kept on this device and says so', async () => {
    const kept = hit({ kind: 'paper', title: 'Báo cáo kinh tế', excerpt: 'tiến độ giải ngân', marks: [[8, 17]], page: 3, meetingId: 'm-1', paperId: 'p-1' });
    const search = jest.spyOn(OfflinePapers.prototype, 'search').mockResolvedValue([kept]);
    const { fixture, view } = await open(['member'], 'giai ngan');
    backend.expectOne((r) => r.url === '/api/search').error(new ProgressEvent('error'), { status: 0 });
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    expect(search).toHaveBeenCalledWith('giai ngan');
    expect(view.querySelector('[data-testid="search-on-device"]')?.textContent).toContain('Không có kết nối: kết quả chỉ tìm trong');
    expect([...view.querySelectorAll('li.ec-search__hit mark')].map((mark) => mark.textContent)).toEqual(['giải ngân']);
    expect(view.querySelector('li a')?.getAttribute('href')).toBe('/meetings/m-1/papers/p-1?page=3&q=giai%20ngan');
    expect(view.querySelector('.ec-notice--error')).toBeNull();
    search.mockRestore();
  });
});
