export * from './lib/pdf-fonts';
export * from './lib/text-layout';
export * from './lib/report-writer';
export * from './lib/pdf-signature';
export * from './lib/administrative-document';
