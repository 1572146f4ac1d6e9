import { Pipe, type PipeTransform, inject } from '@angular/core';
import type { Role } from '@ecabinet/shared/contracts';
import { TranslationService } from './translation.service';

/** `{{ role | roleLabel }}`: "Thành viên Chính phủ", "Member of the Government". */
@Pipe({ name: 'roleLabel', pure: false })
export class RoleLabelPipe implements PipeTransform {
  private readonly i18n = inject(TranslationService);

  transform(role: Role): string {
    return this.i18n.roleLabel(role);
  }
}
