-- The partitions of a shared table recipients may see (its canonical text, see PartitionScope);
-- null: the whole table, as every table was before.
ALTER TABLE shared_tables ADD COLUMN partition_scope VARCHAR(4000);
