import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus registry. Domains create their counters with `registers: [metrics]`
 * so /metrics shows them all.
 */
export const metrics = new Registry();
collectDefaultMetrics({ register: metrics, prefix: 'abroad_' });

export const httpRequests = new Counter({
  name: 'abroad_http_requests_total',
  help: 'HTTP requests answered, by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metrics],
});

export const httpDuration = new Histogram({
  name: 'abroad_http_request_duration_seconds',
  help: 'Time from request to response, by method and route',
  labelNames: ['method', 'route'] as const,
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metrics],
});
