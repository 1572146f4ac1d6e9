import type { HttpTestingController } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { TestKey } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatSelectHarness } from '@angular/material/select/testing';
import { IdentityErrorCode, type OrganisationResponse, type UserResponse } from '@ecabinet/shared/contracts';
import { openDialog, testUser } from '../dialog-test-bed';
import { UserFormDialogComponent, type UserFormDialogData } from './user-form-dialog.component';

const huy = testUser({ id: 'm-huy', username: 'member1', fullName: 'Lê Quang Huy', title: 'Bộ trưởng Bộ Tài chính' });
const lan = testUser({ id: 'm-lan', username: 'member2', fullName: 'Phạm Thị Lan' });
function organisation(id: string, name: string, symbol: string, active = true): OrganisationResponse {
  return { id, name, shortName: name, symbol, headUserId: null, headName: null, active, memberCount: 0, createdAt: '', updatedAt: '' };
}
const ORGANISATIONS = [organisation('o-btc', 'Bộ Tài chính', 'BTC'), organisation('o-btp', 'Bộ Tư pháp', 'BTP'), organisation('o-old', 'Ban cũ', 'BC', false)];

const minh = testUser({ id: 'm-minh', username: 'chair', fullName: 'Nguyễn Văn Minh', roles: ['chair', 'member'] });

describe('UserFormDialogComponent: the members a delegate assists', () => {
  let fixture: ComponentFixture<UserFormDialogComponent>;
  let backend: HttpTestingController;
  let close: jest.Mock;

  async function open(edited: UserResponse | null, assistable: readonly UserResponse[] = [huy, lan, minh]): Promise<HTMLElement> {
    const data: UserFormDialogData = { user: edited, assistable: signal(assistable) };
    const dialog = await openDialog(UserFormDialogComponent, data, (http) => http.expectOne({ method: 'GET', url: '/api/organisations' }).flush(ORGANISATIONS));
    ({ fixture, backend, close } = dialog);
    return dialog.view;
  }

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = ''));
  });

  const assistsSelect = () => TestbedHarnessEnvironment.loader(fixture).getHarnessOrNull(MatSelectHarness.with({ selector: '[data-testid="user-assists"]' }));

  async function toggleRole(view: HTMLElement, label: string): Promise<void> {
    const box = [...view.querySelectorAll('mat-checkbox')].find((candidate) => candidate.textContent?.includes(label));
    box?.querySelector('input')?.click();
    await fixture.whenStable();
  }

  function fill(view: HTMLElement, name: string, value: string): void {
    const field = view.querySelector<HTMLInputElement>(`input[formcontrolname="${name}"]`);
    if (!field) throw new Error(`no field ${name}`);
    field.value = value;
    field.dispatchEvent(new Event('input'));
  }

  async function save(view: HTMLElement): Promise<void> {
    view.querySelector('form')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  it('appears only for a delegate, labelled, and is chosen with the keyboard alone', async () => {
    const view = await open(null);
    expect(await assistsSelect()).toBeNull();

    await toggleRole(view, 'Người được ủy quyền');
    const select = await assistsSelect();
    if (!select) throw new Error('no select of members');
    // Its accessible name is the visible label.
    const host = view.querySelector('[data-testid="user-assists"]') as HTMLElement;
    const labels = (host.getAttribute('aria-labelledby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '');
    expect(labels.join(' ')).toContain('Thành viên được hỗ trợ');
    expect(view.textContent).toContain('Người được ủy quyền nhận nhắc việc khi các thành viên này chưa trả lời phiếu lấy ý kiến.');

    // Keyboard only: open, pick the first member, move down, pick the second, close.
    await (await select.host()).focus();
    await (await select.host()).sendKeys(TestKey.ENTER);
    expect(await select.isOpen()).toBe(true);
    expect(document.querySelector('[role="listbox"]')?.getAttribute('aria-multiselectable')).toBe('true');
    const options = await select.getOptions();
    expect(await Promise.all(options.map((option) => option.getText()))).toEqual([
      'Lê Quang Huy — Bộ trưởng Bộ Tài chính',
      'Phạm Thị Lan',
      'Nguyễn Văn Minh',
    ]);
    await (await select.host()).sendKeys(TestKey.ENTER);
    await (await select.host()).sendKeys(TestKey.DOWN_ARROW, TestKey.DOWN_ARROW, TestKey.ENTER);
    await (await select.host()).sendKeys(TestKey.ESCAPE);
    expect(await select.isOpen()).toBe(false);
    expect(await select.getValueText()).toBe('Lê Quang Huy — Bộ trưởng Bộ Tài chính, Nguyễn Văn Minh');

    fill(view, 'username', 'tro.ly.huy');
    fill(view, 'fullName', 'Trần Văn Bình');
    fill(view, 'password', 'mot-mat-khau-dai');
    await save(view);
    const create = backend.expectOne({ method: 'POST', url: '/api/users' });
    expect(create.request.body).toEqual({
      username: 'tro.ly.huy',
      fullName: 'Trần Văn Bình',
      password: 'mot-mat-khau-dai',
      roles: ['delegate'],
      assists: ['m-huy', 'm-minh'],
    });
    create.flush(testUser({ id: 'd-1', username: 'tro.ly.huy', roles: ['delegate'], assists: ['m-huy', 'm-minh'] }));
    await fixture.whenStable();
    expect(close).toHaveBeenCalledWith(expect.objectContaining({ id: 'd-1' }));
  });

  it('shows whom a delegate assists, never offers themself, and saves the changed list', async () => {
    const delegate = testUser({ id: 'm-lan', username: 'member2', fullName: 'Phạm Thị Lan', roles: ['member', 'delegate'], assists: ['m-huy'] });
    const view = await open(delegate);
    const select = await assistsSelect();
    if (!select) throw new Error('no select of members');
    expect(await select.getValueText()).toBe('Lê Quang Huy — Bộ trưởng Bộ Tài chính');
    await select.open();
    const offered = await Promise.all((await select.getOptions()).map((option) => option.getText()));
    expect(offered).not.toContain('Phạm Thị Lan');
    await select.clickOptions({ text: /Lê Quang Huy/ });
    await select.clickOptions({ text: 'Nguyễn Văn Minh' });
    await save(view);

    const patch = backend.expectOne({ method: 'PATCH', url: '/api/users/m-lan' });
    expect(patch.request.body).toMatchObject({ roles: ['member', 'delegate'], assists: ['m-minh'] });
    patch.flush(
      { statusCode: 400, code: IdentityErrorCode.INVALID_DELEGATION, message: 'bad', correlationId: 'c' },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(view.querySelector('[role="alert"]')?.textContent).toContain('Danh sách thành viên được hỗ trợ không hợp lệ');
    expect(close).not.toHaveBeenCalled();
  });

  it('drops the list when the delegate role is taken away', async () => {
    const view = await open(testUser({ id: 'd-2', username: 'tro.ly', roles: ['delegate', 'observer'], assists: ['m-huy'] }));
    await toggleRole(view, 'Người được ủy quyền');
    expect(await assistsSelect()).toBeNull();
    await save(view);
    const patch = backend.expectOne({ method: 'PATCH', url: '/api/users/d-2' });
    expect(patch.request.body.roles).toEqual(['observer']);
    expect(patch.request.body).not.toHaveProperty('assists');
    patch.flush(testUser({ id: 'd-2', roles: ['observer'] }));
    await fixture.whenStable();
  });

  const organisationSelect = () => TestbedHarnessEnvironment.loader(fixture).getHarness(MatSelectHarness.with({ selector: '[data-testid="user-organisation"]' }));

  it('offers the active organisations (and the one the user is in, even inactive), and sends only a changed choice', async () => {
    const view = await open(null);
    const select = await organisationSelect();
    await select.open();
    expect(await Promise.all((await select.getOptions()).map((option) => option.getText()))).toEqual(['Không thuộc cơ quan nào', 'Bộ Tài chính (BTC)', 'Bộ Tư pháp (BTP)']);
    await select.clickOptions({ text: 'Bộ Tư pháp (BTP)' });
    fill(view, 'username', 'chuyen.vien');
    fill(view, 'fullName', 'Chuyên viên');
    fill(view, 'password', 'mot-mat-khau-dai');
    await toggleRole(view, 'Khách mời');
    await save(view);
    const create = backend.expectOne({ method: 'POST', url: '/api/users' });
    expect(create.request.body).toMatchObject({ username: 'chuyen.vien', organisationId: 'o-btp' });
    create.flush(testUser({ id: 'u-new', organisationId: 'o-btp' }));
    await fixture.whenStable();
    TestBed.resetTestingModule();

    // Someone in an organisation since made inactive still sees it, and leaving it sends null.
    const inOld = testUser({ id: 'u-old', organisationId: 'o-old', roles: ['observer'] });
    const again = await open(inOld);
    const choice = await organisationSelect();
    expect(await choice.getValueText()).toBe('Ban cũ (BC)');
    await choice.open();
    await choice.clickOptions({ text: 'Không thuộc cơ quan nào' });
    await save(again);
    const patch = backend.expectOne({ method: 'PATCH', url: '/api/users/u-old' });
    expect(patch.request.body).toMatchObject({ organisationId: null });
    patch.flush(testUser({ id: 'u-old', organisationId: null }));
    await fixture.whenStable();
  });
});
