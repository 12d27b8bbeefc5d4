/** The policy the worker enforces: 10 requests per minute, no extra burst. */
export const POLICY = { name: 'api', quota: 10, windowS: 60 }
