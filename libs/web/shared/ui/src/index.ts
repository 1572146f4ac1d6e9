export { ICON_PATHS, type IconName } from './lib/icon-paths';
export { IconComponent } from './lib/icon.component';
export { EmptyStateComponent } from './lib/empty-state.component';
export { StatusChipComponent, type StatusTone } from './lib/status-chip.component';
export { PageHeaderComponent } from './lib/page-header.component';
export { LanguageSwitchComponent } from './lib/language-switch.component';
export { ConfirmDialogComponent, confirmAction, type ConfirmDialogData } from './lib/confirm-dialog.component';
export { TranslatedPaginatorIntl, provideTranslatedPaginator } from './lib/translated-paginator-intl';
export { TouchedErrorStateMatcher, provideTouchedErrorStateMatcher } from './lib/touched-error-state-matcher';
