import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import type { PageResponse, UserResponse } from '@ecabinet/shared/contracts';
import { IdentityErrorCode } from '@ecabinet/shared/contracts';
import { AuthStore, authInterceptor } from '@ecabinet/web/identity/data-access';
import { testUser } from '../dialog-test-bed';
import { UsersPageComponent } from './users-page.component';

const user = testUser;

const member1 = user({ id: 'u-1', username: 'member1', fullName: 'Trần Thị Hoa', title: 'Bộ trưởng Bộ Tư pháp' });
const secretary = user({ id: 'u-2', username: 'secretary', fullName: 'Lê Văn Nam', roles: ['secretary'], totpRequired: true });

function page(items: UserResponse[]): PageResponse<UserResponse> {
  return { items, total: items.length, offset: 0, limit: 20 };
}

describe('UsersPageComponent', () => {
  let fixture: ComponentFixture<UsersPageComponent>;
  let backend: HttpTestingController;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [UsersPageComponent],
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(UsersPageComponent);
    await fixture.whenStable();
  });

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = ''));
  });

  const view = () => fixture.nativeElement as HTMLElement;
  const overlay = () => document.querySelector('.cdk-overlay-container') as HTMLElement;
  const row = (username: string) => view().querySelector<HTMLElement>(`tr[data-username="${username}"]`);

  async function loadFirstPage(items: UserResponse[], assistable: UserResponse[] = [member1]): Promise<void> {
    // Members and the chair, once: the choices for a delegate and the names shown for one.
    const directory = backend.expectOne((req) => req.url === '/api/users' && req.params.has('roles'));
    expect(directory.request.params.get('roles')).toBe('member,chair');
    directory.flush(page(assistable));
    const request = backend.expectOne((req) => req.url === '/api/users' && !req.params.has('roles'));
    expect(request.request.params.get('offset')).toBe('0');
    expect(request.request.params.get('limit')).toBe('20');
    request.flush(page(items));
    await fixture.whenStable();
  }

  function buttonIn(root: HTMLElement | null, text: string): HTMLButtonElement {
    const button = [...(root?.querySelectorAll('button') ?? [])].find((candidate) => candidate.textContent?.trim() === text);
    if (!button) throw new Error(`no button "${text}"`);
    return button;
  }

  it('lists users with Vietnamese role and status labels', async () => {
    await loadFirstPage([member1, secretary]);
    expect(row('member1')?.textContent).toContain('Trần Thị Hoa');
    expect(row('member1')?.textContent).toContain('Thành viên Chính phủ');
    expect(row('member1')?.querySelector('[data-testid="user-status"]')?.textContent?.trim()).toBe('Đang hoạt động');
    expect(row('secretary')?.textContent).toContain('Thư ký (Văn phòng Chính phủ)');
    expect(row('secretary')?.textContent).toContain('Bắt buộc, chưa bật');
  });

  it('names the members a delegate assists', async () => {
    const chair = user({ id: 'u-3', username: 'chair', fullName: 'Nguyễn Văn Minh', roles: ['chair', 'member'] });
    const delegate = user({ id: 'u-4', username: 'tro.ly', fullName: 'Trần Văn Bình', roles: ['delegate'], assists: ['u-1', 'u-3', 'u-gone'] });
    await loadFirstPage([member1, delegate], [member1, chair]);
    expect(row('tro.ly')?.querySelector('[data-testid="user-assists"]')?.textContent?.trim()).toBe('Hỗ trợ: Trần Thị Hoa, Nguyễn Văn Minh, 1 người khác');
    expect(row('member1')?.querySelector('[data-testid="user-assists"]')).toBeNull();
  });

  it('shows a calm empty state when nothing matches', async () => {
    await loadFirstPage([]);
    expect(view().textContent).toContain('Không có người dùng nào phù hợp.');
  });

  it('searches on the server after the user stops typing', async () => {
    await loadFirstPage([member1, secretary]);
    const search = view().querySelector<HTMLInputElement>('input[type="search"]');
    if (!search) throw new Error('no search field');
    search.value = 'hoa';
    search.dispatchEvent(new Event('input'));
    await new Promise((resolve) => setTimeout(resolve, 350));
    await fixture.whenStable();

    const request = backend.expectOne((req) => req.url === '/api/users');
    expect(request.request.params.get('search')).toBe('hoa');
    expect(request.request.params.get('offset')).toBe('0');
    request.flush(page([member1]));
    await fixture.whenStable();
    expect(row('secretary')).toBeNull();
  });

  it("says beside the admin's own row, in visible text, why their account cannot be disabled", async () => {
    const admin = user({ id: 'u-9', username: 'admin', fullName: 'Phạm Quản Trị', roles: ['admin'] });
    TestBed.inject(AuthStore).login({ username: 'admin', password: 'x' }).subscribe();
    backend.expectOne((req) => req.url.endsWith('/login')).flush({ user: admin, accessToken: 'token' });
    await loadFirstPage([admin, member1]);
    const own = row('admin')?.querySelector<HTMLButtonElement>('[aria-label="Khóa tài khoản Phạm Quản Trị"]');
    expect(own?.disabled).toBe(true);
    const describedBy = (own?.getAttribute('aria-describedby') ?? '').split(/\s+/);
    const reason = view().querySelector<HTMLElement>(`#${describedBy[0]}`);
    expect(reason?.textContent?.trim()).toBe('Không thể tự khóa tài khoản của mình');
    expect(row('member1')?.querySelector('ec-disabled-reason')).toBeNull();
  });

  it('disables an account only after the admin confirms', async () => {
    await loadFirstPage([member1]);
    const disable = row('member1')?.querySelector<HTMLButtonElement>('[aria-label="Khóa tài khoản Trần Thị Hoa"]');
    if (!disable) throw new Error('no disable button');

    disable.click();
    await fixture.whenStable();
    expect(overlay().textContent).toContain('Khóa tài khoản?');
    expect(overlay().textContent).toContain('Trần Thị Hoa sẽ không thể đăng nhập');
    buttonIn(overlay(), 'Hủy').click();
    await fixture.whenStable();
    backend.expectNone((req) => req.method === 'PATCH');

    disable.click();
    await fixture.whenStable();
    const dialogs = overlay().querySelectorAll<HTMLElement>('ec-confirm-dialog');
    buttonIn(dialogs[dialogs.length - 1], 'Khóa tài khoản').click();
    await fixture.whenStable();

    const patch = backend.expectOne({ method: 'PATCH', url: '/api/users/u-1' });
    expect(patch.request.body).toEqual({ disabled: true });
    patch.flush({ ...member1, disabled: true });
    await fixture.whenStable();

    expect(row('member1')?.querySelector('[data-testid="user-status"]')?.textContent?.trim()).toBe('Đã khóa');
    expect(row('member1')?.querySelector('[aria-label="Mở khóa tài khoản Trần Thị Hoa"]')).not.toBeNull();
  });

  it('creates a user with the chosen roles and reports a taken username on the field', async () => {
    await loadFirstPage([member1]);
    buttonIn(view(), 'Thêm người dùng').click();
    await fixture.whenStable();
    backend.expectOne({ method: 'GET', url: '/api/organisations' }).flush([]);
    await fixture.whenStable();

    const dialog = overlay().querySelector<HTMLElement>('ec-user-form-dialog');
    if (!dialog) throw new Error('no dialog');
    const fill = (name: string, value: string) => {
      const field = dialog.querySelector<HTMLInputElement>(`input[formcontrolname="${name}"]`);
      if (!field) throw new Error(`no field ${name}`);
      field.value = value;
      field.dispatchEvent(new Event('input'));
    };
    const save = () => {
      dialog.querySelector('form')?.dispatchEvent(new Event('submit'));
      return fixture.whenStable();
    };

    fill('username', 'Bad Name');
    await save();
    backend.expectNone('/api/users');
    expect(dialog.textContent).toContain('Chỉ dùng chữ thường không dấu');
    expect(dialog.textContent).toContain('Chọn ít nhất một vai trò.');

    fill('username', 'pho.thu.tuong');
    fill('fullName', '  Phạm Minh Đức ');
    fill('password', 'mot-mat-khau-dai');
    const delegate = [...dialog.querySelectorAll('mat-checkbox')].find((box) => box.textContent?.includes('Người được ủy quyền'));
    delegate?.querySelector('input')?.click();
    await save();

    const create = backend.expectOne({ method: 'POST', url: '/api/users' });
    expect(create.request.body).toEqual({
      username: 'pho.thu.tuong',
      fullName: 'Phạm Minh Đức',
      password: 'mot-mat-khau-dai',
      roles: ['delegate'],
    });
    create.flush(
      { statusCode: 409, code: IdentityErrorCode.USERNAME_TAKEN, message: 'taken', correlationId: 'c' },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();
    expect(dialog.querySelector('mat-error')?.textContent?.trim()).toBe('Tên đăng nhập này đã được sử dụng.');
  });

  it("opens the user's signing keys from the row's action", async () => {
    await loadFirstPage([member1, secretary]);
    const action = row('member1')?.querySelector<HTMLButtonElement>('button[aria-label="Khóa ký số của Trần Thị Hoa"]');
    action?.click();
    await fixture.whenStable();
    const keys = backend.expectOne((req) => req.url === '/api/signing-keys');
    expect(keys.request.params.get('userId')).toBe('u-1');
    keys.flush([]);
    await fixture.whenStable();
    expect(overlay().querySelector('h2')?.textContent).toContain('Khóa ký số của Trần Thị Hoa');
  });
});
