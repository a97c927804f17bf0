"""Importers that read source documents into the tracker's database."""
