import { describe, expect, it } from '@jest/globals';
import { IsInt, IsString, getMetadataStorage, validate } from 'class-validator';
import { compileValidationMetadata } from './compiled-validation-metadata.js';

class Base {
  @IsString()
  name!: string;
}

class Child extends Base {
  @IsInt()
  count!: number;
}

describe('validation compiled once per class', () => {
  compileValidationMetadata();
  const storage = getMetadataStorage();

  it('looks a class up once: the same (frozen) rules and grouping on every call, inherited rules included', () => {
    const first = storage.getTargetValidationMetadatas(Child, '', false, false);
    const second = storage.getTargetValidationMetadatas(Child, '', false, false);
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first.map((m) => m.propertyName).sort()).toEqual(['count', 'name']);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
  });

  it('validates exactly as before', async () => {
    const good = Object.assign(new Child(), { name: 'a', count: 1 });
    const bad = Object.assign(new Child(), { name: 1, count: 'x' });
    expect(await validate(good)).toEqual([]);
    expect((await validate(bad)).map((e) => e.property).sort()).toEqual(['count', 'name']);
    // Twice: the second run uses the kept rules.
    expect((await validate(bad)).map((e) => e.property).sort()).toEqual(['count', 'name']);
  });

  it('a rule registered later is seen (everything kept is forgotten)', async () => {
    class Late {
      declare value: unknown;
    }
    expect(storage.getTargetValidationMetadatas(Late, '', false, false)).toEqual([]);
    IsString()(Late.prototype, 'value');
    expect(storage.getTargetValidationMetadatas(Late, '', false, false).map((m) => m.propertyName)).toEqual(['value']);
    expect((await validate(Object.assign(new Late(), { value: 3 }))).map((e) => e.property)).toEqual(['value']);
  });

  it('is installed once, however many applications call it', () => {
    const before = storage.getTargetValidationMetadatas;
    compileValidationMetadata();
    expect(storage.getTargetValidationMetadatas).toBe(before);
  });
});
