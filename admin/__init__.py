"""The staff UI (адміністратор, рецепція): a mounted sub-app with the administrator's window
and the reception desk."""
