"""The only package that imports sqlmodel/sqlalchemy: tables, engine, migrations, repositories."""
