import { Module } from '@nestjs/common';
import { PapersModule } from '@ecabinet/api/papers';
import { AnswerStore } from './answer-store';
import { BallotAccess } from './ballot-access';
import { BallotAnswers } from './ballot-answers.service';
import { BallotApprovals } from './ballot-approvals';
import { BallotLifecycle } from './ballot-lifecycle.service';
import { BallotPapersController } from './ballot-papers.controller';
import { BallotPapers } from './ballot-papers.service';
import { BallotNotifier } from './ballot-notifier';
import { BallotResults } from './ballot-results.service';
import { BallotScheduler } from './ballot-scheduler';
import { BallotsController, OfficerController, SigningKeysController } from './ballots.controller';
import { OfficerService } from './officer.service';
import { BallotsService } from './ballots.service';
import { BundleSealer } from './bundle-sealer';
import { SigningKeysService } from './signing-keys.service';

@Module({
  imports: [PapersModule],
  controllers: [BallotsController, SigningKeysController, BallotPapersController, OfficerController],
  providers: [
    AnswerStore,
    BallotAccess,
    BallotAnswers,
    BallotApprovals,
    BallotLifecycle,
    BallotResults,
    OfficerService,
    BallotPapers,
    BallotsService,
    SigningKeysService,
    BallotScheduler,
    BallotNotifier,
    BundleSealer,
  ],
  exports: [BallotsService, BallotScheduler],
})
export class BallotsModule {}
