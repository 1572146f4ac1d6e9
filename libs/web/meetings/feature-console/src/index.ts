export { MeetingConsolePageComponent } from './lib/console-page/meeting-console-page.component';
export { MeetingEditorPageComponent } from './lib/meeting-editor/meeting-editor-page.component';
