"""The Qt-free core: model, engine, verdict, catalog, paths and crash logs."""
