import { Module } from '@nestjs/common';
import { BallotNotifier } from './ballot-notifier';
import { BallotScheduler } from './ballot-scheduler';
import { BallotsController, SigningKeysController } from './ballots.controller';
import { BallotsService } from './ballots.service';
import { BundleSealer } from './bundle-sealer';
import { Mailer } from './mailer';
import { SigningKeysService } from './signing-keys.service';



@Module({
  controllers: [BallotsController, SigningKeysController],
  providers: [BallotsService, SigningKeysService, BallotScheduler, BallotNotifier, BundleSealer, Mailer],
  exports: [BallotsService, BallotScheduler],
})
export class BallotsModule {}
