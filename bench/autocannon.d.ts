/**
 * The slice of autocannon's API the HTTP bench uses. The package ships no types and adding
 * @types/autocannon would be a new dependency, so this declares just what is read.
 */
declare module 'autocannon' {
  namespace autocannon {
    interface Options {
      url: string;
      method?: 'GET' | 'POST';
      headers?: Record<string, string>;
      body?: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      /** Worker threads that generate the load (0/undefined = the calling thread). */
      workers?: number;
      warmup?: { connections?: number; duration?: number };
      /** Seconds before a request counts as a timeout. */
      timeout?: number;
      title?: string;
    }

    /** Aggregated histogram; latency values are milliseconds, requests are per second. */
    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p90: number;
      p99: number;
    }

    interface Result {
      title?: string;
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      resets: number;
      '2xx': number;
      statusCodeStats: Record<string, { count: number }>;
      latency: Histogram;
      requests: Histogram & { sent: number };
    }
  }

  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
