export { LoginPageComponent } from './lib/login/login-page.component';
export { AccountPageComponent } from './lib/account/account-page.component';
