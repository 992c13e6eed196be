"""Street Audit (街巷巡查): offline-first street inspections for 疏解整治促提升."""

__version__ = "0.1.0"
APP_NAME = "street-audit"
