import { z } from 'zod';

const Column = z.string().min(1);
const Columns = z.array(Column).min(1);

/**
 * The training table's columns, in order, that a model's inputs with many values per row take: a
 * list for its only such input (or the one named beside it), or each input's list by its name.
 */
export const InputColumns = z.union([
  Columns,
  z
    .record(z.string().min(1), Columns)
    .refine((byInput) => Object.keys(byInput).length > 0, 'name the columns of at least one input'),
]);
export type InputColumns = z.infer<typeof InputColumns>;
