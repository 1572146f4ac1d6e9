export { UsersPageComponent } from './lib/users-page/users-page.component';
