-- Tables of an Iceberg REST catalog were stored with the format UNIFORM, a name that also means a
-- Delta table keeping Iceberg metadata beside its log. They are ICEBERG_REST now ("uniform" is still
-- accepted in table specs).
UPDATE shared_tables SET format = 'ICEBERG_REST' WHERE format = 'UNIFORM';
