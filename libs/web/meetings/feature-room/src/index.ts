export { MeetingRoomPageComponent } from './lib/room-page/meeting-room-page.component';
export { RoomScreenPageComponent } from './lib/room-screen/room-screen-page.component';
export { MeetingChatComponent } from './lib/chat/meeting-chat.component';
