import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import { confirmAction } from './confirm-dialog.component';

describe('confirmAction', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
  });

  function open() {
    const result = firstValueFrom(
      confirmAction(TestBed.inject(MatDialog), { title: 'Khóa tài khoản?', message: 'Hậu quả.', confirmLabel: 'Khóa', destructive: true }),
    );
    TestBed.tick();
    const dialog = document.querySelector('ec-confirm-dialog:last-of-type') as HTMLElement;
    const button = (text: string) => [...dialog.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
    return { result, dialog, button };
  }

  it('states the consequence and resolves true only when confirmed', async () => {
    const confirmed = open();
    expect(confirmed.dialog.textContent).toContain('Khóa tài khoản?');
    expect(confirmed.dialog.textContent).toContain('Hậu quả.');
    expect(document.querySelector('[role="alertdialog"]')).not.toBeNull();
    confirmed.button('Khóa')?.click();
    await expect(confirmed.result).resolves.toBe(true);

    const cancelled = open();
    cancelled.button('Hủy')?.click();
    await expect(cancelled.result).resolves.toBe(false);
  });
});
