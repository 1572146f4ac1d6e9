import { Injectable, type Provider } from '@angular/core';
import type { AbstractControl } from '@angular/forms';
import { ErrorStateMatcher } from '@angular/material/core';

/**
 * Shows a field's error once the user has left it (or a submit marked it touched), and not
 * merely because the form was submitted once: a field the app clears after a failed attempt
 * (password after a wrong login) starts clean instead of shouting "required".
 */
@Injectable()
export class TouchedErrorStateMatcher implements ErrorStateMatcher {
  isErrorState(control: AbstractControl | null): boolean {
    return !!control && control.invalid && control.touched;
  }
}

/** For the `providers` of a component whose forms use `TouchedErrorStateMatcher`. */
export function provideTouchedErrorStateMatcher(): Provider {
  return { provide: ErrorStateMatcher, useClass: TouchedErrorStateMatcher };
}
