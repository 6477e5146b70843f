"""The DRF layer: office and central endpoints under /api/v1/."""
