import type { Route } from '@angular/router';
import { shellRoutes } from '@ecabinet/web/shell';

export const appRoutes: Route[] = shellRoutes;
