export { memberBallotRoutes } from './lib/member-ballots.routes';
export { MyBallotsPageComponent } from './lib/my-ballots-page/my-ballots-page.component';
export { BallotPageComponent } from './lib/ballot-page/ballot-page.component';
