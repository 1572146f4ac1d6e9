import { Injectable, type Provider, effect, inject } from '@angular/core';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { TranslationService } from '@ecabinet/web/shared/i18n';

/** Paginator labels in the current UI language, refreshed on a language switch. */
@Injectable()
export class TranslatedPaginatorIntl extends MatPaginatorIntl {
  private readonly i18n = inject(TranslationService);

  constructor() {
    super();
    effect(() => {
      const i18n = this.i18n;
      this.itemsPerPageLabel = i18n.translate('paginator.itemsPerPage');
      this.firstPageLabel = i18n.translate('paginator.firstPage');
      this.lastPageLabel = i18n.translate('paginator.lastPage');
      this.nextPageLabel = i18n.translate('paginator.nextPage');
      this.previousPageLabel = i18n.translate('paginator.previousPage');
      this.changes.next();
    });
  }

  override getRangeLabel = (page: number, pageSize: number, length: number): string => {
    if (length === 0 || pageSize === 0) {
      return this.i18n.translate('paginator.empty', { total: length });
    }
    const start = page * pageSize;
    const end = Math.min(start + pageSize, length);
    return this.i18n.translate('paginator.range', { start: start + 1, end, total: length });
  };
}

/** For the `providers` of a page that shows a paginator (keeps Material out of the initial bundle). */
export function provideTranslatedPaginator(): Provider[] {
  return [{ provide: MatPaginatorIntl, useClass: TranslatedPaginatorIntl }];
}
