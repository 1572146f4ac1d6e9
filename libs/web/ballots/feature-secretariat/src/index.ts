export { secretariatBallotRoutes } from './lib/secretariat-ballots.routes';
