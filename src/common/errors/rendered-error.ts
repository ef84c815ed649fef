export interface RenderedError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
