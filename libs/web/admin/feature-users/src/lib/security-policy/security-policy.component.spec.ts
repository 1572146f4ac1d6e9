import { HttpErrorResponse } from '@angular/common/http';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import type { SecurityPolicyResponse } from '@ecabinet/shared/contracts';
import { AuthStore, UsersApi } from '@ecabinet/web/identity/data-access';
import { type Observable, NEVER, of, throwError } from 'rxjs';
import { SecurityPolicyComponent } from './security-policy.component';

describe('SecurityPolicyComponent', () => {
  async function render(policy: Observable<SecurityPolicyResponse>): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      providers: [
        { provide: UsersApi, useValue: { getSecurityPolicy: () => policy } },
        { provide: AuthStore, useValue: { user: signal(null) } },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    const fixture = TestBed.createComponent(SecurityPolicyComponent);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  const saveButton = (view: HTMLElement) => view.querySelector('.ec-form__actions button') as HTMLButtonElement;
  const reasonFor = (view: HTMLElement) => {
    const id = saveButton(view).getAttribute('aria-describedby');
    return id ? view.querySelector<HTMLElement>(`#${id}`) : null;
  };

  it('says beside the disabled save button that the policy is still loading', async () => {
    const view = await render(NEVER);
    expect(saveButton(view).disabled).toBe(true);
    expect(reasonFor(view)?.textContent?.trim()).toBe('Đang tải chính sách hiện hành…');
  });

  it('says why it cannot be saved when the current policy failed to load', async () => {
    const view = await render(throwError(() => new HttpErrorResponse({ status: 503 })));
    expect(saveButton(view).disabled).toBe(true);
    expect(reasonFor(view)?.textContent?.trim()).toBe('Chưa tải được chính sách hiện hành nên chưa thể sửa. Hãy tải lại trang.');
  });

  it('gives no reason once the policy is loaded', async () => {
    const view = await render(of<SecurityPolicyResponse>({ totpRequiredRoles: ['admin'] }));
    expect(saveButton(view).disabled).toBe(false);
    expect(view.querySelector('ec-disabled-reason')).toBeNull();
  });
});
