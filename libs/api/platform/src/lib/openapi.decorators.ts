import { ApiOkResponse } from '@nestjs/swagger';

/** A 200 whose body is a PDF file (a generated client gets a Blob). */
export const ApiPdfResponse = (description?: string) =>
  ApiOkResponse({ description, content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } });
