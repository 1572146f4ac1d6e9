export { MeetingConsolePageComponent } from './lib/console-page/meeting-console-page.component';
