export type HealthState = 'up' | 'down' | 'not-configured';

export interface HealthResponse {
  status: 'ok' | 'degraded';
  version: string;
  checks: {
    database: { state: HealthState; driver: 'sqlite' | 'postgres' };
    fileStore: { state: HealthState };
    redis: { state: HealthState };
  };
}
