import { defineAuth, secret } from '@aws-amplify/backend';
import { postConfirmation } from '../functions/post-confirmation/resource';
import { preSignUp } from '../functions/pre-sign-up/resource';
import { userAdmin } from '../functions/user-admin/resource';

/**
 * Every defineAuth option amplify-sandbox maps: email + phone login with custom messages,
 * all external providers (Google, Facebook, Login with Amazon, Sign in with Apple, two OIDC
 * providers, SAML), MFA with SMS, TOTP and email, standard and custom attributes, groups,
 * an SES email sender, account recovery, a name, triggers and access grants.
 */
export const auth = defineAuth({
  name: 'everythingAuth',
  loginWith: {
    email: {
      verificationEmailStyle: 'CODE',
      verificationEmailSubject: 'Welcome to Everything',
      verificationEmailBody: (createCode) => `Your verification code is ${createCode()}`,
      userInvitation: {
        emailSubject: 'You are invited to Everything',
        emailBody: (user, code) => `Hello ${user()}, your temporary password is ${code()}`,
        smsMessage: (user, code) => `Hello ${user()}, your temporary password is ${code()}`,
      },
    },
    phone: {
      verificationMessage: (createCode) => `Your Everything code is ${createCode()}`,
    },
    externalProviders: {
      google: {
        clientId: secret('GOOGLE_CLIENT_ID'),
        clientSecret: secret('GOOGLE_CLIENT_SECRET'),
        scopes: ['email', 'profile', 'openid'],
        attributeMapping: { email: 'email', givenName: 'given_name', familyName: 'family_name' },
      },
      facebook: {
        clientId: secret('FACEBOOK_CLIENT_ID'),
        clientSecret: secret('FACEBOOK_CLIENT_SECRET'),
        scopes: ['public_profile', 'email'],
        attributeMapping: { email: 'email', fullname: 'name' },
      },
      loginWithAmazon: {
        clientId: secret('LOGINWITHAMAZON_CLIENT_ID'),
        clientSecret: secret('LOGINWITHAMAZON_CLIENT_SECRET'),
        scopes: ['profile'],
        attributeMapping: { email: 'email' },
      },
      signInWithApple: {
        clientId: secret('SIWA_CLIENT_ID'),
        teamId: secret('SIWA_TEAM_ID'),
        keyId: secret('SIWA_KEY_ID'),
        privateKey: secret('SIWA_PRIVATE_KEY'),
        scopes: ['email', 'name'],
        attributeMapping: { email: 'email' },
      },
      oidc: [
        {
          name: 'MicrosoftEntraID',
          clientId: secret('MICROSOFT_ENTRA_ID_CLIENT_ID'),
          clientSecret: secret('MICROSOFT_ENTRA_ID_CLIENT_SECRET'),
          issuerUrl: 'https://login.microsoftonline.com/common/v2.0',
          scopes: ['openid', 'email', 'profile'],
          attributeMapping: { email: 'email' },
        },
        {
          name: 'Auth0',
          clientId: secret('AUTH0_CLIENT_ID'),
          clientSecret: secret('AUTH0_CLIENT_SECRET'),
          issuerUrl: 'https://everything.us.auth0.com',
          attributeRequestMethod: 'POST',
          endpoints: {
            authorization: 'https://everything.us.auth0.com/authorize',
            token: 'https://everything.us.auth0.com/oauth/token',
            userInfo: 'https://everything.us.auth0.com/userinfo',
            jwksUri: 'https://everything.us.auth0.com/.well-known/jwks.json',
          },
        },
      ],
      saml: {
        name: 'OktaSAML',
        metadata: {
          metadataContent: 'https://everything.okta.com/app/exk1/sso/saml/metadata',
          metadataType: 'URL',
        },
        attributeMapping: {
          email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
        },
      },
      scopes: ['PHONE', 'EMAIL', 'OPENID', 'PROFILE', 'COGNITO_ADMIN'],
      callbackUrls: ['http://localhost:3000/', 'everything://callback/'],
      logoutUrls: ['http://localhost:3000/signed-out', 'everything://signout/'],
    },
  },
  userAttributes: {
    email: { required: true, mutable: true },
    givenName: { required: false, mutable: true },
    familyName: { mutable: true },
    birthdate: { mutable: true },
    profilePicture: { mutable: true },
    'custom:displayName': { dataType: 'String', mutable: true, minLen: 1, maxLen: 64 },
    'custom:loyaltyPoints': { dataType: 'Number', mutable: true, min: 0, max: 100000 },
    'custom:newsletter': { dataType: 'Boolean', mutable: true },
    'custom:memberSince': { dataType: 'DateTime', mutable: false },
  },
  multifactor: {
    mode: 'OPTIONAL',
    sms: { smsMessage: (createCode) => `Your Everything sign-in code is ${createCode()}` },
    totp: true,
    email: true,
  },
  accountRecovery: 'EMAIL_ONLY',
  groups: ['ADMINS', 'EDITORS', 'READERS'],
  senders: {
    email: {
      fromEmail: 'no-reply@everything.example.com',
      fromName: 'Everything',
      replyTo: 'support@everything.example.com',
    },
  },
  triggers: {
    postConfirmation,
    preSignUp,
  },
  access: (allow) => [
    allow.resource(postConfirmation).to(['addUserToGroup']),
    allow.resource(userAdmin).to(['manageUsers', 'manageGroupMembership', 'listUsers']),
  ],
});
