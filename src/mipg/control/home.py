def home_panels(request) -> list[dict]:
    return []
