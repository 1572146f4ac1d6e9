export { MeetingRoomPageComponent } from './lib/room-page/meeting-room-page.component';
