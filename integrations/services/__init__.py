"""What the integrations module does; views, tasks and the admin call these."""
