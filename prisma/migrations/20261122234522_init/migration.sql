-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "WebEvent" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "anonymousId" TEXT,
    "accountId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "anonymousIds" TEXT[],
    "consumerId" TEXT,
    "leadId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Consumer" (
    "id" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "email" TEXT,
    "phoneNumber" TEXT NOT NULL,
    "phoneNumbers" TEXT[],
    "birthDate" DATE NOT NULL,
    "ssn" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Consumer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lead" (
    "id" TEXT NOT NULL,
    "salesRepId" TEXT,
    "consumerId" TEXT,
    "phoneNumber" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "acceptsGeneratedMessages" BOOLEAN,
    "processStatuses" TEXT,
    "reason" TEXT,
    "latestEvent" INTEGER,
    "notes" TEXT,
    "statusTracker" TEXT,
    "searches" INTEGER[],
    "attachments" TEXT,
    "firstName" TEXT,
    "lastName" TEXT,
    "call" TEXT,
    "zipcode" TEXT,
    "loginEmail" TEXT,
    "customer" TEXT,
    "anonymousId" TEXT,
    "purchaseOption" TEXT,
    "timeToPurchase" TEXT[],
    "monthlyPayment" DOUBLE PRECISION,
    "budgetLower" TEXT,
    "budgetUpper" TEXT,
    "mileageLower" INTEGER,
    "mileageUpper" INTEGER,
    "cashDown" DOUBLE PRECISION,
    "newOrUsed" TEXT,
    "bodyStyle" TEXT[],
    "carStyle" TEXT[],
    "truckStyle" TEXT[],
    "suvStyle" TEXT[],
    "vanStyle" TEXT[],
    "yearLower" INTEGER,
    "yearUpper" INTEGER,
    "year" INTEGER,
    "make" TEXT,
    "model" TEXT,
    "trim" TEXT,
    "makeAndModel" TEXT,
    "oneOwner" BOOLEAN,
    "exterior" TEXT[],
    "interior" TEXT[],
    "fuelType" TEXT[],
    "drivetrain" TEXT[],
    "transmission" TEXT[],
    "comfort" TEXT[],
    "safety" TEXT[],
    "entertainment" TEXT[],
    "utility" TEXT[],
    "subscribe" BOOLEAN,
    "agree" BOOLEAN,
    "messageNotifications" BOOLEAN,
    "emailNotifications" BOOLEAN,
    "emailAlerts" BOOLEAN,
    "emailOffers" BOOLEAN,
    "leadEvents" INTEGER[],
    "trade" INTEGER[],
    "messages" INTEGER[],
    "meetings" INTEGER[],
    "vdpEmails" INTEGER[],
    "calls" INTEGER[],
    "preApprovals" INTEGER[],
    "preApprovalId" TEXT,
    "cfZipcode" TEXT,
    "cfState" TEXT,
    "cfCity" TEXT,
    "city" TEXT,
    "state" TEXT,
    "completedDate" TEXT,
    "localTime" TEXT,
    "creditScore" TEXT,
    "contactScore" TEXT,
    "contactBelongsTo" TEXT,
    "contactType" TEXT,
    "contactValid" BOOLEAN,
    "testingCustomer" BOOLEAN,
    "estimatedAgeRange" TEXT,
    "estimatedAddress" TEXT,
    "estimatedZipcode" TEXT,
    "conversation" TEXT,
    "manual" BOOLEAN,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SalesRep" (
    "id" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "primaryEmail" TEXT,
    "primaryPhoneNumber" TEXT,
    "emails" TEXT[],
    "phoneNumbers" TEXT[],
    "roles" TEXT[],
    "isAcceptingNewLeads" BOOLEAN,
    "agentId" TEXT,
    "addressId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SalesRep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Vehicle" (
    "vin" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "make" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "trim" TEXT,
    "bodyStyle" TEXT NOT NULL,
    "engine" TEXT NOT NULL,
    "transmission" TEXT NOT NULL,
    "drivetrain" TEXT NOT NULL,
    "seatCount" INTEGER,
    "doorCount" INTEGER,
    "interiorColor" TEXT,
    "exteriorColor" TEXT,
    "specId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Vehicle_pkey" PRIMARY KEY ("vin")
);

-- CreateTable
CREATE TABLE "Address" (
    "id" TEXT NOT NULL,
    "line1" TEXT NOT NULL,
    "line2" TEXT,
    "zip" TEXT NOT NULL,
    "cityStateCode" TEXT NOT NULL,
    "cityName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Address_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "City" (
    "stateCode" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "City_pkey" PRIMARY KEY ("stateCode","name")
);

-- CreateTable
CREATE TABLE "State" (
    "code" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "State_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Agent" (
    "id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "prompt" TEXT,
    "functions" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Agent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreditBand" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "minimumCreditScore" DOUBLE PRECISION,
    "maximumCreditScore" DOUBLE PRECISION,
    "isUnknown" BOOLEAN,
    "isNS" BOOLEAN,
    "isPrime" BOOLEAN,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CreditBand_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Template" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "subject" TEXT,
    "messageText" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Template_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VehicleSpec" (
    "id" TEXT NOT NULL,
    "make" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "trim" TEXT,
    "engine" TEXT NOT NULL,
    "drivetrain" TEXT NOT NULL,
    "bodyStyle" TEXT NOT NULL,
    "transmission" TEXT NOT NULL,
    "squishVin" TEXT,
    "exteriorColors" TEXT[],
    "interiorColors" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VehicleSpec_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_LeadFavorites" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_LeadFavorites_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_SalesRepTemplates" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_SalesRepTemplates_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_ConsumerAddresses" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_ConsumerAddresses_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_SalesRepCreditBands" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_SalesRepCreditBands_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE INDEX "WebEvent_accountId_idx" ON "WebEvent"("accountId");

-- CreateIndex
CREATE INDEX "WebEvent_anonymousId_idx" ON "WebEvent"("anonymousId");

-- CreateIndex
CREATE INDEX "WebEvent_createdAt_id_idx" ON "WebEvent"("createdAt", "id");

-- CreateIndex
CREATE INDEX "WebEvent_name_createdAt_idx" ON "WebEvent"("name", "createdAt");

-- CreateIndex
CREATE INDEX "Account_consumerId_idx" ON "Account"("consumerId");

-- CreateIndex
CREATE INDEX "Account_leadId_idx" ON "Account"("leadId");

-- CreateIndex
CREATE INDEX "Account_anonymousIds_idx" ON "Account" USING GIN ("anonymousIds");

-- CreateIndex
CREATE INDEX "Account_createdAt_id_idx" ON "Account"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Consumer_email_idx" ON "Consumer"("email");

-- CreateIndex
CREATE INDEX "Consumer_phoneNumber_idx" ON "Consumer"("phoneNumber");

-- CreateIndex
CREATE INDEX "Consumer_lastName_firstName_idx" ON "Consumer"("lastName", "firstName");

-- CreateIndex
CREATE INDEX "Consumer_createdAt_id_idx" ON "Consumer"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Lead_salesRepId_idx" ON "Lead"("salesRepId");

-- CreateIndex
CREATE INDEX "Lead_consumerId_idx" ON "Lead"("consumerId");

-- CreateIndex
CREATE INDEX "Lead_email_idx" ON "Lead"("email");

-- CreateIndex
CREATE INDEX "Lead_phoneNumber_idx" ON "Lead"("phoneNumber");

-- CreateIndex
CREATE INDEX "Lead_anonymousId_idx" ON "Lead"("anonymousId");

-- CreateIndex
CREATE INDEX "Lead_processStatuses_idx" ON "Lead"("processStatuses");

-- CreateIndex
CREATE INDEX "Lead_lastName_firstName_idx" ON "Lead"("lastName", "firstName");

-- CreateIndex
CREATE INDEX "Lead_createdAt_id_idx" ON "Lead"("createdAt", "id");

-- CreateIndex
CREATE INDEX "SalesRep_agentId_idx" ON "SalesRep"("agentId");

-- CreateIndex
CREATE INDEX "SalesRep_addressId_idx" ON "SalesRep"("addressId");

-- CreateIndex
CREATE INDEX "SalesRep_primaryEmail_idx" ON "SalesRep"("primaryEmail");

-- CreateIndex
CREATE INDEX "SalesRep_primaryPhoneNumber_idx" ON "SalesRep"("primaryPhoneNumber");

-- CreateIndex
CREATE INDEX "SalesRep_lastName_firstName_idx" ON "SalesRep"("lastName", "firstName");

-- CreateIndex
CREATE INDEX "SalesRep_createdAt_id_idx" ON "SalesRep"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Vehicle_specId_idx" ON "Vehicle"("specId");

-- CreateIndex
CREATE INDEX "Vehicle_make_model_year_idx" ON "Vehicle"("make", "model", "year");

-- CreateIndex
CREATE INDEX "Vehicle_year_idx" ON "Vehicle"("year");

-- CreateIndex
CREATE INDEX "Vehicle_createdAt_vin_idx" ON "Vehicle"("createdAt", "vin");

-- CreateIndex
CREATE INDEX "Address_cityStateCode_cityName_idx" ON "Address"("cityStateCode", "cityName");

-- CreateIndex
CREATE INDEX "Address_zip_idx" ON "Address"("zip");

-- CreateIndex
CREATE INDEX "Address_createdAt_id_idx" ON "Address"("createdAt", "id");

-- CreateIndex
CREATE INDEX "City_name_idx" ON "City"("name");

-- CreateIndex
CREATE INDEX "City_createdAt_idx" ON "City"("createdAt");

-- CreateIndex
CREATE INDEX "Agent_createdAt_id_idx" ON "Agent"("createdAt", "id");

-- CreateIndex
CREATE INDEX "CreditBand_name_idx" ON "CreditBand"("name");

-- CreateIndex
CREATE INDEX "CreditBand_createdAt_id_idx" ON "CreditBand"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Template_type_idx" ON "Template"("type");

-- CreateIndex
CREATE INDEX "Template_createdAt_id_idx" ON "Template"("createdAt", "id");

-- CreateIndex
CREATE INDEX "VehicleSpec_make_model_year_idx" ON "VehicleSpec"("make", "model", "year");

-- CreateIndex
CREATE INDEX "VehicleSpec_squishVin_idx" ON "VehicleSpec"("squishVin");

-- CreateIndex
CREATE INDEX "VehicleSpec_createdAt_id_idx" ON "VehicleSpec"("createdAt", "id");

-- CreateIndex
CREATE INDEX "_LeadFavorites_B_index" ON "_LeadFavorites"("B");

-- CreateIndex
CREATE INDEX "_SalesRepTemplates_B_index" ON "_SalesRepTemplates"("B");

-- CreateIndex
CREATE INDEX "_ConsumerAddresses_B_index" ON "_ConsumerAddresses"("B");

-- CreateIndex
CREATE INDEX "_SalesRepCreditBands_B_index" ON "_SalesRepCreditBands"("B");

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_salesRepId_fkey" FOREIGN KEY ("salesRepId") REFERENCES "SalesRep"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_consumerId_fkey" FOREIGN KEY ("consumerId") REFERENCES "Consumer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SalesRep" ADD CONSTRAINT "SalesRep_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SalesRep" ADD CONSTRAINT "SalesRep_addressId_fkey" FOREIGN KEY ("addressId") REFERENCES "Address"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Vehicle" ADD CONSTRAINT "Vehicle_specId_fkey" FOREIGN KEY ("specId") REFERENCES "VehicleSpec"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Address" ADD CONSTRAINT "Address_cityStateCode_cityName_fkey" FOREIGN KEY ("cityStateCode", "cityName") REFERENCES "City"("stateCode", "name") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "City" ADD CONSTRAINT "City_stateCode_fkey" FOREIGN KEY ("stateCode") REFERENCES "State"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_LeadFavorites" ADD CONSTRAINT "_LeadFavorites_A_fkey" FOREIGN KEY ("A") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_LeadFavorites" ADD CONSTRAINT "_LeadFavorites_B_fkey" FOREIGN KEY ("B") REFERENCES "Vehicle"("vin") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_SalesRepTemplates" ADD CONSTRAINT "_SalesRepTemplates_A_fkey" FOREIGN KEY ("A") REFERENCES "SalesRep"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_SalesRepTemplates" ADD CONSTRAINT "_SalesRepTemplates_B_fkey" FOREIGN KEY ("B") REFERENCES "Template"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_ConsumerAddresses" ADD CONSTRAINT "_ConsumerAddresses_A_fkey" FOREIGN KEY ("A") REFERENCES "Address"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_ConsumerAddresses" ADD CONSTRAINT "_ConsumerAddresses_B_fkey" FOREIGN KEY ("B") REFERENCES "Consumer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_SalesRepCreditBands" ADD CONSTRAINT "_SalesRepCreditBands_A_fkey" FOREIGN KEY ("A") REFERENCES "CreditBand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_SalesRepCreditBands" ADD CONSTRAINT "_SalesRepCreditBands_B_fkey" FOREIGN KEY ("B") REFERENCES "SalesRep"("id") ON DELETE CASCADE ON UPDATE CASCADE;
