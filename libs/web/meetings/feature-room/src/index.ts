export { MeetingRoomPageComponent } from './lib/room-page/meeting-room-page.component';
export { RoomScreenPageComponent } from './lib/room-screen/room-screen-page.component';
