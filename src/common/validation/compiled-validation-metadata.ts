import { getMetadataStorage } from 'class-validator';

/** The parts of class-validator's metadata storage this module wraps (public methods of its `MetadataStorage`). */
interface MetadataStorageMethods {
  getTargetValidationMetadatas(
    targetConstructor: object,
    targetSchema: string | undefined,
    always: boolean,
    strictGroups: boolean,
    groups?: string[],
  ): object[];
  groupByPropertyName(metadata: object[]): Record<string, object[]>;
  addValidationMetadata(metadata: object): void;
  addConstraintMetadata(metadata: object): void;
}

const COMPILED = Symbol.for('portcullis.compiledValidationMetadata');

/**
 * Validation compiled once per DTO class. class-validator looks a class's rules up on every `validate` call by
 * scanning the metadata of every decorated class in the process (for inherited rules) and regrouping them by
 * property, once per validated object, nested ones included. The rules are fixed once the classes are loaded, so
 * the lookup and the grouping are kept per class and options; registering a rule later (a class loaded late)
 * forgets them all. Process-wide and idempotent: every application in the process shares the one storage.
 */
export function compileValidationMetadata(storage = getMetadataStorage() as unknown as MetadataStorageMethods): void {
  const marked = storage as unknown as Record<symbol, boolean>;
  if (marked[COMPILED]) return;
  marked[COMPILED] = true;

  let lookups = new Map<object, Map<string, object[]>>();
  let groupings = new WeakMap<object[], Record<string, object[]>>();
  const forget = () => {
    lookups = new Map();
    groupings = new WeakMap();
  };

  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (targetConstructor, targetSchema, always, strictGroups, groups) => {
    const key = `${targetSchema ?? ''}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let byOptions = lookups.get(targetConstructor);
    if (!byOptions) lookups.set(targetConstructor, (byOptions = new Map()));
    let found = byOptions.get(key);
    if (!found)
      byOptions.set(key, (found = Object.freeze(lookUp(targetConstructor, targetSchema, always, strictGroups, groups)) as object[]));
    return found;
  };

  const group = storage.groupByPropertyName.bind(storage);
  storage.groupByPropertyName = (metadata) => {
    let grouped = groupings.get(metadata);
    if (!grouped) groupings.set(metadata, (grouped = group(metadata)));
    return grouped;
  };

  for (const method of ['addValidationMetadata', 'addConstraintMetadata'] as const) {
    const add = storage[method].bind(storage);
    storage[method] = (metadata) => {
      add(metadata);
      forget();
    };
  }
}
