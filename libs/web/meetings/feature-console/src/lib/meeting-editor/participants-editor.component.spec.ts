import { Component, signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatSelectHarness } from '@angular/material/select/testing';
import type { MeetingParticipantChoice } from '@ecabinet/shared/contracts';
import { type ParticipantRow, ParticipantsEditorComponent, participantProblems, suggestedRole } from './participants-editor.component';

const CHOICES: MeetingParticipantChoice[] = [
  { id: 'u-chair', fullName: 'Nguyễn Văn Minh', title: 'Thủ tướng Chính phủ', roles: ['chair', 'member'], organisationId: null },
  { id: 'u-huy', fullName: 'Lê Quang Huy', title: 'Bộ trưởng Bộ Tài chính', roles: ['member'], organisationId: null },
  { id: 'u-tuan', fullName: 'Đỗ Minh Tuấn', title: 'Thứ trưởng Bộ Tài chính', roles: ['delegate'], organisationId: null },
  { id: 'u-obs', fullName: 'Vũ Hoàng Nam', title: null, roles: ['observer'], organisationId: null },
];

@Component({
  imports: [ParticipantsEditorComponent],
  template: `<ec-participants-editor [choices]="choices" [(participants)]="rows" />`,
})
class HostComponent {
  readonly choices = CHOICES;
  readonly rows = signal<readonly ParticipantRow[]>([
    { userId: 'u-chair', role: 'chair', delegateForUserId: null },
    { userId: 'u-huy', role: 'member', delegateForUserId: null },
    { userId: 'u-tuan', role: 'delegate', delegateForUserId: 'u-huy' },
  ]);
}

describe('ParticipantsEditorComponent', () => {
  let fixture: ComponentFixture<HostComponent>;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
  });

  afterEach(() => document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = '')));

  const view = () => fixture.nativeElement as HTMLElement;
  const roleSelects = () => TestbedHarnessEnvironment.loader(fixture).getAllHarnesses(MatSelectHarness.with({ selector: '[data-testid="participant-role"]' }));

  it('shows each participant with the meeting role and, for a delegate, the member he stands in for', async () => {
    const rows = [...view().querySelectorAll('[data-participant]')];
    expect(rows.map((row) => row.getAttribute('data-participant'))).toEqual(['Nguyễn Văn Minh', 'Lê Quang Huy', 'Đỗ Minh Tuấn']);
    expect(await Promise.all((await roleSelects()).map((select) => select.getValueText()))).toEqual(['Chủ tọa', 'Thành viên Chính phủ', 'Người dự thay']);
    const principal = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatSelectHarness.with({ selector: '[data-testid="participant-delegate-for"]' }));
    expect(await principal.getValueText()).toBe('Lê Quang Huy');
    expect(view().querySelector('[data-testid="participants-count"]')?.textContent).toContain('3 người tham dự');
  });

  it('removing the member a delegate stood in for asks the delegate to name someone else', async () => {
    view().querySelector<HTMLButtonElement>('[aria-label="Bỏ Lê Quang Huy khỏi thành phần tham dự"]')?.click();
    await fixture.whenStable();
    expect(fixture.componentInstance.rows()).toEqual([
      { userId: 'u-chair', role: 'chair', delegateForUserId: null },
      { userId: 'u-tuan', role: 'delegate', delegateForUserId: null },
    ]);
    expect(view().querySelector('[role="alert"]')?.textContent).toContain('Chọn thành viên mà người này dự thay.');
  });

  it('says a meeting has only one chair, and a delegate named as an observer loses his principal', async () => {
    const selects = await roleSelects();
    await selects[1].clickOptions({ text: 'Chủ tọa' });
    expect(view().querySelector('[data-testid="participants-two-chairs"]')?.textContent).toContain('Một phiên họp chỉ có một chủ tọa.');
    await selects[2].clickOptions({ text: 'Khách mời' });
    expect(fixture.componentInstance.rows()[2]).toEqual({ userId: 'u-tuan', role: 'observer', delegateForUserId: null });
  });

  it('suggests a role from system roles, and finds what the server would refuse', () => {
    expect(suggestedRole(CHOICES[0], [])).toBe('chair');
    expect(suggestedRole(CHOICES[0], [{ userId: 'x', role: 'chair', delegateForUserId: null }])).toBe('member');
    expect(suggestedRole(CHOICES[2], [])).toBe('delegate');
    expect(suggestedRole(CHOICES[3], [])).toBe('observer');
    const problems = participantProblems([
      { userId: 'u-obs', role: 'observer', delegateForUserId: null },
      { userId: 'u-tuan', role: 'delegate', delegateForUserId: 'u-obs' },
    ]);
    expect([...problems.delegatesWithoutPrincipal]).toEqual(['u-tuan']);
    expect(problems.twoChairs).toBe(false);
  });
});
