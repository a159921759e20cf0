"""Modal dialogs: new assessment, help, confirm, jump."""
