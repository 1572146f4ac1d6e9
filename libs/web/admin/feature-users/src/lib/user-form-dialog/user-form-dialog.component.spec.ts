import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { TestKey } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { MatSelectHarness } from '@angular/material/select/testing';
import { IdentityErrorCode, type UserResponse } from '@ecabinet/shared/contracts';
import { UserFormDialogComponent, type UserFormDialogData } from './user-form-dialog.component';

function user(overrides: Partial<UserResponse>): UserResponse {
  return {
    id: 'u-0',
    username: 'someone',
    fullName: 'Someone',
    title: null,
    email: null,
    roles: ['member'],
    disabled: false,
    totpEnabled: false,
    totpRequired: false,
    assists: [],
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const huy = user({ id: 'm-huy', username: 'member1', fullName: 'Lê Quang Huy', title: 'Bộ trưởng Bộ Tài chính' });
const lan = user({ id: 'm-lan', username: 'member2', fullName: 'Phạm Thị Lan' });
const minh = user({ id: 'm-minh', username: 'chair', fullName: 'Nguyễn Văn Minh', roles: ['chair', 'member'] });

describe('UserFormDialogComponent: the members a delegate assists', () => {
  let fixture: ComponentFixture<UserFormDialogComponent>;
  let backend: HttpTestingController;
  let close: jest.Mock;

  async function open(edited: UserResponse | null, assistable: readonly UserResponse[] = [huy, lan, minh]): Promise<HTMLElement> {
    localStorage.clear();
    close = jest.fn();
    const data: UserFormDialogData = { user: edited, assistable: signal(assistable) };
    TestBed.configureTestingModule({
      imports: [UserFormDialogComponent],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MAT_DIALOG_DATA, useValue: data },
        { provide: MatDialogRef, useValue: { close } },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(UserFormDialogComponent);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
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
    create.flush(user({ id: 'd-1', username: 'tro.ly.huy', roles: ['delegate'], assists: ['m-huy', 'm-minh'] }));
    await fixture.whenStable();
    expect(close).toHaveBeenCalledWith(expect.objectContaining({ id: 'd-1' }));
  });

  it('shows whom a delegate assists, never offers themself, and saves the changed list', async () => {
    const delegate = user({ id: 'm-lan', username: 'member2', fullName: 'Phạm Thị Lan', roles: ['member', 'delegate'], assists: ['m-huy'] });
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
    const view = await open(user({ id: 'd-2', username: 'tro.ly', roles: ['delegate', 'observer'], assists: ['m-huy'] }));
    await toggleRole(view, 'Người được ủy quyền');
    expect(await assistsSelect()).toBeNull();
    await save(view);
    const patch = backend.expectOne({ method: 'PATCH', url: '/api/users/d-2' });
    expect(patch.request.body.roles).toEqual(['observer']);
    expect(patch.request.body).not.toHaveProperty('assists');
    patch.flush(user({ id: 'd-2', roles: ['observer'] }));
    await fixture.whenStable();
  });
});
