"""What should exist: the Cognito/IAM resources a definition asks for."""
