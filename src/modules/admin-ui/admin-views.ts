import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';

/**
 * The admin UI's templates (Eta, `views/`): every `<%= %>` is HTML-escaped, so data from the database cannot
 * become markup. Templates are compiled once and cached.
 */
const eta = new Eta({
  views: fileURLToPath(new URL('./views', import.meta.url)),
  autoEscape: true,
  cache: true,
  defaultExtension: '.eta',
});

export function renderAdminView(name: string, data: object): string {
  return eta.render(`./${name}`, data);
}
