export { LANGUAGES, isLanguage, type Language } from './lib/dictionaries/dictionary';
export type { Dictionary, TranslationKey } from './lib/dictionaries/vi';
export { TranslationService, DEFAULT_TIME_ZONE, type MessageParams, type ZonedParts } from './lib/translation.service';
export { fromZonedInputValue, toZonedInputValue } from './lib/zoned-time';
export { TranslatePipe } from './lib/translate.pipe';
export { DateTimePipe } from './lib/date-time.pipe';
export { RoleLabelPipe } from './lib/role-label.pipe';
export { readApiError, isNetworkError, retryAfterSeconds } from './lib/api-error';
