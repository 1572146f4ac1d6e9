export { MeetingListPageComponent } from './lib/meeting-list-page/meeting-list-page.component';
