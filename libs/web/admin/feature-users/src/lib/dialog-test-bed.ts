import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import type { Type } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import type { UserResponse } from '@ecabinet/shared/contracts';

/** A user as the API returns one, with what the test cares about. */
export function testUser(overrides: Partial<UserResponse>): UserResponse {
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
    organisationId: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export interface OpenDialog<C> {
  readonly fixture: ComponentFixture<C>;
  readonly view: HTMLElement;
  readonly backend: HttpTestingController;
  /** What the dialog closed with, if it did. */
  readonly close: jest.Mock;
  /** Types into the input bound to `formControlName`. */
  fill(name: string, value: string): void;
  /** Submits the form and lets the view settle. */
  save(): Promise<void>;
}

/**
 * A form dialog as the admin opens it, in Vietnamese, against a fake backend: `beforeStable`
 * answers what the dialog asks for as it opens (its lists).
 */
export async function openDialog<C>(component: Type<C>, data: unknown, beforeStable?: (backend: HttpTestingController) => void): Promise<OpenDialog<C>> {
  localStorage.clear();
  const close = jest.fn();
  TestBed.configureTestingModule({
    imports: [component],
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      { provide: MAT_DIALOG_DATA, useValue: data },
      { provide: MatDialogRef, useValue: { close } },
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    ],
  });
  const backend = TestBed.inject(HttpTestingController);
  const fixture = TestBed.createComponent(component);
  beforeStable?.(backend);
  await fixture.whenStable();
  const view = fixture.nativeElement as HTMLElement;
  return {
    fixture,
    view,
    backend,
    close,
    fill(name, value) {
      const field = view.querySelector<HTMLInputElement>(`input[formcontrolname="${name}"]`) as HTMLInputElement;
      field.value = value;
      field.dispatchEvent(new Event('input'));
    },
    async save() {
      view.querySelector('form')?.dispatchEvent(new Event('submit'));
      await fixture.whenStable();
    },
  };
}
