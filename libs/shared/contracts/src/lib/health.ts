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

/** Liveness: the process answers. No check of anything else, so a slow database never restarts it. */
export interface LivenessResponse {
  status: 'ok';
  version: string;
}
