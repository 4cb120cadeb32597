import { z } from 'zod';

/** What input columns must be, in the words every refusal of them uses. */
export const INPUT_COLUMNS_SHAPE = "a list of column names, or each input's list of column names by the input's name";

const Column = z.string().min(1);
const Columns = z.array(Column).min(1);

/**
 * The training table's columns, in order, that a model's inputs with many values per row take: a
 * list for its only such input (or the one named beside it), or each input's list by its name.
 */
export const InputColumns = z.union(
  [
    Columns,
    z
      .record(z.string().min(1), Columns)
      .refine((byInput) => Object.keys(byInput).length > 0, 'name the columns of at least one input'),
  ],
  { error: `must be ${INPUT_COLUMNS_SHAPE}` },
);
export type InputColumns = z.infer<typeof InputColumns>;
