import { Pipe, type PipeTransform, inject } from '@angular/core';
import { TranslationService } from './translation.service';

/** `{{ entry.at | dateTime }}`: date and time in the current UI language's locale. */
@Pipe({ name: 'dateTime', pure: false })
export class DateTimePipe implements PipeTransform {
  private readonly i18n = inject(TranslationService);

  transform(iso: string | null | undefined): string {
    return this.i18n.formatDateTime(iso);
  }
}
