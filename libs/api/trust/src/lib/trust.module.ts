import { Global, Module } from '@nestjs/common';
import { TrustService } from './trust.service';

/** The trust anchors and the seal, for every module that signs or checks. */
@Global()
@Module({ providers: [TrustService], exports: [TrustService] })
export class TrustModule {}
